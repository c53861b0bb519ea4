"""errcat's mkdocs adapter: the plugin (``plugins: [errcat]``), its options, its theme files and the
macros pluglet for hand-written pages. The only part of errcat that imports mkdocs.
"""

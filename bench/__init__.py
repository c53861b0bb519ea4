"""The scale benchmark (``python -m bench``): errcat's build against hand-written pages."""

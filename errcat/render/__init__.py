"""Renderers: pure functions from the model to markdown, testable without building a site."""

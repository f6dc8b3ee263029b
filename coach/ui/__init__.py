"""The Gradio web UI; the only package that imports gradio. ``app.py`` launches it."""

from coach.ui.layout import build_app, launch_options

__all__ = ["build_app", "launch_options"]

"""AIPM Coach web UI: ``python app.py`` serves it on 127.0.0.1 (port from settings)."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from coach.settings import Settings, get_settings


def serve(settings: Settings | None = None, *, block: bool = True) -> object:
    """Build the app, queue it with the configured concurrency limit, and launch it."""
    from coach.ui import build_app, launch_options

    settings = settings or get_settings()
    demo = build_app(settings)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    demo.launch(**launch_options(settings), prevent_thread_lock=not block)
    return demo


def main() -> None:
    serve()


if __name__ == "__main__":
    main()

"""The first screen: what the coach is for, and the way into Interview and Drills."""

from __future__ import annotations

import gradio as gr

from coach.ui.page import Page


def build(page: Page, tab: gr.Tab) -> None:
    new = page.labels.new
    new(gr.Markdown, value="home.welcome", elem_id="home-welcome")
    with gr.Row(equal_height=True, elem_classes=["coach-cards"]):
        with gr.Column(min_width=260, elem_classes=["coach-card"]):
            new(gr.Markdown, value="home.interview")
            go_interview = new(
                gr.Button, value="home.go_interview", variant="primary", elem_id="home-interview"
            )
        with gr.Column(min_width=260, elem_classes=["coach-card"]):
            new(gr.Markdown, value="home.drills")
            go_drills = new(
                gr.Button, value="home.go_drills", variant="primary", elem_id="home-drills"
            )
    new(gr.Markdown, value="home.more", elem_id="home-more")
    page.link(go_interview, "interview")
    page.link(go_drills, "drills")

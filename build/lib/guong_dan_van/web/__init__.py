"""The Vietnamese web pages: Jinja templates with HTMX, every asset served by the app itself."""

"""Server-rendered pages; the live parts are small ES modules in static/js."""

"""assets: static file serving for the dashboard front end."""

"""Campaign data that is not a service: built-in templates, the export format."""

"""Locale formats Django does not ship (FORMAT_MODULE_PATH): Swahili as written in Kenya."""

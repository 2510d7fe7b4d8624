"""Example cx-rules plugin package."""

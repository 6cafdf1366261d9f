"""Shared Discord presentation: embeds, and later paginators and confirm views."""

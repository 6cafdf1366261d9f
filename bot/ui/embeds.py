"""Embed colours and builders shared by every feature."""

import discord

INFO = discord.Colour.blurple()
SUCCESS = discord.Colour.green()


def info_embed(title: str, description: str | None = None) -> discord.Embed:
    return discord.Embed(title=title, description=description, colour=INFO)


def success_embed(title: str, description: str | None = None) -> discord.Embed:
    return discord.Embed(title=title, description=description, colour=SUCCESS)

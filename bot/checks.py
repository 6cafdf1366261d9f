"""Permission checks for slash commands: admins (Manage Server) and GMs."""

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.app import TableBot


class NotAdminError(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("Only server admins (Manage Server permission) can do that.")


class NotGMError(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__(
            "Only the game master can do that (the GM role set by `/config gm-role`, or an admin)."
        )


def guild_id_of(interaction: discord.Interaction) -> int:
    """The guild of a guild-only command or its autocomplete (refused in DMs)."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


def _member(interaction: discord.Interaction) -> discord.Member:
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        raise app_commands.NoPrivateMessage()
    return interaction.user


def is_admin_member(member: discord.Member) -> bool:
    return member.guild_permissions.manage_guild


async def is_gm_member(interaction: discord.Interaction) -> bool:
    """Whether the invoking member is a GM of this guild (admins always are)."""
    member = _member(interaction)
    if is_admin_member(member):
        return True
    bot = cast("TableBot", interaction.client)  # cast: the client is always our TableBot
    role_id = await bot.services.guild_settings.gm_role(member.guild.id)
    return role_id is not None and member.get_role(role_id) is not None


def is_admin():
    async def predicate(interaction: discord.Interaction) -> bool:
        if not is_admin_member(_member(interaction)):
            raise NotAdminError()
        return True

    return app_commands.check(predicate)


def is_gm():
    async def predicate(interaction: discord.Interaction) -> bool:
        if not await is_gm_member(interaction):
            raise NotGMError()
        return True

    return app_commands.check(predicate)


def membership_of(guild: discord.Guild):
    """An async check whether a user id is a member of ``guild`` (the cache first, then Discord)."""

    async def is_member(user_id: int) -> bool:
        if guild.get_member(user_id) is not None:
            return True
        try:
            await guild.fetch_member(user_id)
        except discord.NotFound:
            return False
        return True

    return is_member

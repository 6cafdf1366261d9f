"""/character: members' characters and their sheets."""

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm_member
from bot.ui.character_embeds import created_text, edited_text, list_pages, sheet_embed
from bot.ui.confirm import ask
from bot.ui.dice import roll_message
from bot.ui.npc_embeds import standings_pages
from bot.ui.paginator import send_pages
from bot.ui.text import escape
from bot.uploads import read_upload
from db.services.characters import MAX_SHEET_BYTES, new_sheet, parse_character_file
from rules import limits
from rules.abilities import ABILITIES
from rules.dice.sheet_rolls import SHEET_ROLLS, Advantage
from rules.errors import NotFoundError

Name = app_commands.Range[str, 1, limits.NAME]
Level = app_commands.Range[int, limits.LEVEL_MIN, limits.LEVEL_MAX]
Score = app_commands.Range[int, 1, 30]  # an ability score, as the sheet's schema bounds it


@autocomplete.guarded("Sheet roll")
async def sheet_roll_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    wanted = current.strip().lower()
    return [
        app_commands.Choice(name=label, value=roll_id)
        for roll_id, label in SHEET_ROLLS.items()
        if wanted in label.lower()
    ][:25]


@app_commands.guild_only()
class CharacterCog(commands.GroupCog, group_name="character", group_description="Player characters"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.characters = bot.services.characters
        super().__init__()

    @app_commands.command(name="create", description="Make a character (in the active campaign by default)")
    @app_commands.rename(class_name="class")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    async def create(
        self,
        interaction: discord.Interaction,
        name: Name,
        class_name: Name | None = None,
        level: Level | None = None,
        race: Name | None = None,
        campaign: str | None = None,
    ) -> None:
        sheet = new_sheet(class_name, level, race)
        made = await self.characters.create(
            guild_id_of(interaction), interaction.user.id, name, campaign=campaign, sheet=sheet
        )
        await interaction.response.send_message(created_text(made), embed=sheet_embed(made), ephemeral=True)

    @app_commands.command(name="import", description="Import a character from a JSON sheet")
    @app_commands.describe(file="A JSON sheet: see examples/character.json in the bot's repository")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    async def import_file(
        self, interaction: discord.Interaction, file: discord.Attachment, campaign: str | None = None
    ) -> None:
        name, sheet = parse_character_file(await read_upload(file, MAX_SHEET_BYTES, "sheet"))
        made = await self.characters.create(
            guild_id_of(interaction), interaction.user.id, name, campaign=campaign, sheet=sheet
        )
        known = self.bot.services.spells.spell_names(guild_id_of(interaction))
        await interaction.response.send_message(
            f"Imported **{escape(made.name)}**.", embed=sheet_embed(made, known), ephemeral=True
        )

    @app_commands.command(
        name="show", description="A character's sheet (default: yours in the active campaign)"
    )
    @app_commands.autocomplete(character=autocomplete.characters)
    async def show(self, interaction: discord.Interaction, character: str | None = None) -> None:
        if character is None:
            found = await self.characters.default_for(guild_id_of(interaction), interaction.user.id)
        else:
            found = await self.characters.get(guild_id_of(interaction), character)
        known = self.bot.services.spells.spell_names(guild_id_of(interaction))
        await interaction.response.send_message(embed=sheet_embed(found, known))

    @app_commands.command(name="list", description="Characters of the active campaign, or of one member")
    async def list_characters(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        found = await self.characters.of_guild(
            guild_id_of(interaction), owner_id=member.id if member is not None else None
        )
        if not found:
            whose = f"{member.display_name} has" if member is not None else "The active campaign has"
            raise NotFoundError(f"{whose} no characters yet.")
        await send_pages(interaction, list_pages(found), ephemeral=False)

    @app_commands.command(name="edit", description="Change a character (its player or a GM)")
    @app_commands.rename(class_name="class")
    @app_commands.describe(
        class_name="The class; on a multiclass sheet, the class whose level: to change",
        level="The level (of the class named, on a multiclass sheet)",
        ac="Armour class",
        speed="Walking speed in feet",
    )
    @app_commands.autocomplete(character=autocomplete.characters)
    async def edit(
        self,
        interaction: discord.Interaction,
        character: str,
        name: Name | None = None,
        class_name: Name | None = None,
        level: Level | None = None,
        race: Name | None = None,
        hp: app_commands.Range[int, 0, limits.HP_MAX] | None = None,
        max_hp: app_commands.Range[int, 1, limits.HP_MAX] | None = None,
        strength: Score | None = None,
        dexterity: Score | None = None,
        constitution: Score | None = None,
        intelligence: Score | None = None,
        wisdom: Score | None = None,
        charisma: Score | None = None,
        ac: app_commands.Range[int, 0, 50] | None = None,
        speed: app_commands.Range[int, 0, 1000] | None = None,
    ) -> None:
        scores = (strength, dexterity, constitution, intelligence, wisdom, charisma)
        edited = await self.characters.edit(
            guild_id_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            name=name,
            class_name=class_name,
            level=level,
            race=race,
            hp=hp,
            max_hp=max_hp,
            abilities={a: v for a, v in zip(ABILITIES, scores, strict=True) if v is not None},
            armor_class=ac,
            speed=speed,
        )
        known = self.bot.services.spells.spell_names(guild_id_of(interaction))
        await interaction.response.send_message(
            edited_text(edited), embed=sheet_embed(edited, known), ephemeral=True
        )

    @app_commands.command(name="delete", description="Delete a character (its player or a GM)")
    @app_commands.autocomplete(character=autocomplete.characters)
    async def delete(self, interaction: discord.Interaction, character: str) -> None:
        gm = await is_gm_member(interaction)
        found = await self.characters.check_may_change(
            guild_id_of(interaction), interaction.user.id, gm, character
        )

        async def confirmed(button_interaction: discord.Interaction) -> None:
            name = await self.characters.delete(guild_id_of(interaction), interaction.user.id, gm, found.id)
            await button_interaction.response.edit_message(
                content=f"Deleted **{escape(name)}**. NPCs' logs keep their entries about them.", view=None
            )

        await ask(
            interaction,
            f"Delete **{escape(found.name)}**? Their sheet is lost; NPCs' logs keep what happened with them.",
            confirmed,
        )

    @app_commands.command(name="roll", description="Roll a check, save or skill from your character's sheet")
    @app_commands.describe(
        roll="Ability check, saving throw or skill", advantage="normal, advantage or disadvantage"
    )
    @app_commands.autocomplete(character=autocomplete.own_characters, roll=sheet_roll_choices)
    async def roll(
        self,
        interaction: discord.Interaction,
        character: str,
        roll: str,
        advantage: Advantage = "normal",
    ) -> None:
        result = await self.bot.services.dice.roll_from_sheet(
            guild_id_of(interaction),
            # cast: Discord sends the channel with every slash command interaction.
            cast(int, interaction.channel_id),
            interaction.user.id,
            character,
            roll,
            advantage,
        )
        await interaction.response.send_message(roll_message(interaction.user.display_name, result))

    @app_commands.command(name="relationships", description="How every NPC stands with a character")
    @app_commands.autocomplete(character=autocomplete.characters)
    async def relationships(self, interaction: discord.Interaction, character: str) -> None:
        name, standings = await self.bot.services.npcs.character_standings(
            guild_id_of(interaction), character
        )
        pages = standings_pages(f"{escape(name)}: standing with NPCs", standings, toward_npc=True)
        await send_pages(interaction, pages, ephemeral=False)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(CharacterCog(bot))

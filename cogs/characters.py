"""/character: members' characters and their sheets."""

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm_member
from bot.secret_rolls import post_secret, secret_channel
from bot.ui.character_embeds import (
    created_text,
    edited_text,
    list_pages,
    replaced_text,
    sheet_embed,
    transferred_text,
)
from bot.ui.confirm import ask
from bot.ui.dice import roll_message
from bot.ui.npc_embeds import standings_pages
from bot.ui.paginator import send_pages
from bot.ui.play_embeds import (
    SpellCardLink,
    cast_message,
    death_save_message,
    hp_message,
    rest_message,
    slot_message,
)
from bot.ui.sheet_pages import sheet_pages
from bot.ui.spell_card import spell_pages
from bot.ui.text import escape
from bot.uploads import read_upload
from db.services.characters import MAX_SHEET_BYTES, new_sheet, parse_character_file
from db.services.sheet_play import RestKind
from rules import limits
from rules.abilities import ABILITIES
from rules.combat.hit_points import AMOUNT_MAX, HPKind
from rules.combat.resources import SlotAction
from rules.dice.sheet_rolls import SHEET_ROLLS, Advantage
from rules.errors import InvalidInputError, NotFoundError

Name = app_commands.Range[str, 1, limits.NAME]
Level = app_commands.Range[int, limits.LEVEL_MIN, limits.LEVEL_MAX]
# Negative amounts reach the service, which refuses them in words.
Amount = app_commands.Range[int, -AMOUNT_MAX, AMOUNT_MAX]
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

    @app_commands.command(name="import", description="Import a character from a JSON sheet, or update one")
    @app_commands.describe(
        file="A JSON sheet: see examples/character.json in the bot's repository",
        campaign="The campaign of a new character (default: the active one)",
        replace="Update this character from the file instead (its player or a GM): standings and log stay",
    )
    @app_commands.autocomplete(campaign=autocomplete.campaigns, replace=autocomplete.changeable_characters)
    async def import_file(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        campaign: str | None = None,
        replace: str | None = None,
    ) -> None:
        if replace is not None and campaign is not None:
            raise InvalidInputError(
                "An updated character stays in its campaign: give `replace:` without `campaign:`."
            )
        guild_id = guild_id_of(interaction)
        name, sheet = parse_character_file(await read_upload(file, MAX_SHEET_BYTES, "sheet"))
        if replace is None:
            made = await self.characters.create(
                guild_id, interaction.user.id, name, campaign=campaign, sheet=sheet
            )
            reply = f"Imported **{escape(made.name)}**."
        else:
            made = await self.characters.replace_sheet(
                guild_id, interaction.user.id, await is_gm_member(interaction), replace, name, sheet
            )
            reply = replaced_text(made)
        known = self.bot.services.spells.spell_names(guild_id)
        await interaction.response.send_message(reply, embed=sheet_embed(made, known), ephemeral=True)

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
        await send_pages(interaction, sheet_pages(found, known), ephemeral=False)

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
        roll="Initiative, ability check, saving throw or skill",
        advantage="normal, advantage or disadvantage",
        secret="Post the result only to the GM channel; a GM may roll for any character this way",
    )
    @app_commands.autocomplete(character=autocomplete.own_characters, roll=sheet_roll_choices)
    async def roll(
        self,
        interaction: discord.Interaction,
        character: str,
        roll: str,
        advantage: Advantage = "normal",
        secret: bool = False,
    ) -> None:
        gm_channel = await secret_channel(interaction) if secret else None
        result = await self.bot.services.dice.roll_from_sheet(
            guild_id_of(interaction),
            # cast: Discord sends the channel with every slash command interaction.
            cast(int, interaction.channel_id),
            interaction.user.id,
            character,
            roll,
            advantage,
            secret=secret,
            actor_is_gm=secret and await is_gm_member(interaction),
        )
        if gm_channel is not None:
            await post_secret(interaction, gm_channel, result)
            return
        await interaction.response.send_message(roll_message(interaction.user.display_name, result))

    @app_commands.command(
        name="transfer", description="Hand a character to another member (its player or a GM)"
    )
    @app_commands.autocomplete(character=autocomplete.characters)
    async def transfer(
        self, interaction: discord.Interaction, character: str, member: discord.Member
    ) -> None:
        if member.bot:
            raise InvalidInputError("A bot cannot play a character: pick a member of the table.")
        moved = await self.characters.transfer(
            guild_id_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            member.id,
        )
        await interaction.response.send_message(
            transferred_text(moved, member),
            allowed_mentions=discord.AllowedMentions(users=[member], roles=False, everyone=False),
        )

    @app_commands.command(name="relationships", description="How every NPC stands with a character")
    @app_commands.autocomplete(character=autocomplete.characters)
    async def relationships(self, interaction: discord.Interaction, character: str) -> None:
        name, standings = await self.bot.services.npcs.character_standings(
            guild_id_of(interaction), character
        )
        pages = standings_pages(f"{escape(name)}: standing with NPCs", standings, toward_npc=True)
        await send_pages(interaction, pages, ephemeral=False)

    # --- play from the sheet: hit points, slots, rests, death saves, casting ---------------------

    @app_commands.command(name="hp", description="Damage, heal, give temporary HP or set a character's HP")
    @app_commands.describe(
        amount="How many hit points (0 or more)",
        kind="damage, heal, temp or set",
        critical="Damage from a critical hit (two death save failures at 0 HP)",
    )
    @app_commands.autocomplete(character=autocomplete.characters)
    async def hp(
        self,
        interaction: discord.Interaction,
        character: str,
        amount: Amount,
        kind: HPKind = "damage",
        critical: bool = False,
    ) -> None:
        result = await self.bot.services.sheet_play.hp(
            guild_id_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            amount,
            kind,
            critical=critical,
        )
        await interaction.response.send_message(hp_message(result))

    @app_commands.command(name="slots", description="Spend or restore a spell slot")
    @app_commands.describe(level="Slot level, 1-9", action="use (default) or restore")
    @app_commands.autocomplete(character=autocomplete.characters)
    async def slots(
        self,
        interaction: discord.Interaction,
        character: str,
        level: app_commands.Range[int, 1, 9],
        action: SlotAction = "use",
    ) -> None:
        result = await self.bot.services.sheet_play.slots(
            guild_id_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            level,
            action,
        )
        await interaction.response.send_message(slot_message(result))

    @app_commands.command(name="rest", description="A short rest (spend hit dice) or a long rest")
    @app_commands.describe(kind="short or long", hit_dice="Hit dice to spend on a short rest")
    @app_commands.autocomplete(character=autocomplete.characters)
    async def rest(
        self,
        interaction: discord.Interaction,
        character: str,
        kind: RestKind,
        hit_dice: app_commands.Range[int, 0, limits.LEVEL_MAX] = 0,
    ) -> None:
        result = await self.bot.services.sheet_play.rest(
            guild_id_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            kind,
            hit_dice,
        )
        await interaction.response.send_message(rest_message(result))

    @app_commands.command(name="deathsave", description="Roll a death saving throw at 0 HP")
    @app_commands.autocomplete(character=autocomplete.characters)
    async def deathsave(self, interaction: discord.Interaction, character: str) -> None:
        result = await self.bot.services.sheet_play.death_save(
            guild_id_of(interaction), interaction.user.id, await is_gm_member(interaction), character
        )
        await interaction.response.send_message(death_save_message(result))

    @app_commands.command(name="cast", description="Cast a spell from the sheet: spends the slot, rolls it")
    @app_commands.describe(
        spell="A spell on the character's list",
        level="Slot level to cast it with (default: the spell's level)",
        ritual="Cast as a ritual: no slot",
    )
    @app_commands.autocomplete(character=autocomplete.characters, spell=autocomplete.spells)
    async def cast(
        self,
        interaction: discord.Interaction,
        character: str,
        spell: str,
        level: app_commands.Range[int, 0, 9] | None = None,
        ritual: bool = False,
    ) -> None:
        guild_id = guild_id_of(interaction)
        result = await self.bot.services.sheet_play.cast(
            guild_id,
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            spell,
            level=level,
            ritual=ritual,
            channel_id=interaction.channel_id,
        )

        async def show_card(button_interaction: discord.Interaction, spell_id: str) -> None:
            card = await self.bot.services.spells.card(spell_id, guild_id)
            await send_pages(button_interaction, spell_pages(card.spell), ephemeral=True)

        await interaction.response.send_message(
            cast_message(result), view=SpellCardLink(result.spell.id, show_card)
        )


async def setup(bot: TableBot) -> None:
    await bot.add_cog(CharacterCog(bot))

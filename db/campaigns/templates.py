"""The built-in campaign templates, written for this bot (no published setting's text).

They are rows of `campaigns` with no guild (`guild_id` NULL, `is_template` true,
`is_custom` false), kept in step with this table at every start, so a clone's
`template_id` always points at a real row.
"""

from dataclasses import dataclass

from sqlalchemy import select

from db.engine import Database
from db.models import Campaign
from db.schemas import CampaignData, HomebrewRule


@dataclass(frozen=True)
class BuiltinTemplate:
    slug: str
    name: str
    setting: str
    tone: str
    description: str
    world_description: str
    rules: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"builtin-{self.slug}"


BUILTIN_TEMPLATES: tuple[BuiltinTemplate, ...] = (
    BuiltinTemplate(
        slug="shattered-crown",
        name="The Shattered Crown",
        setting="The Five Marches, a realm split between rival heirs",
        tone="heroic",
        description="The old king is dead and his crown broke into five shards. Each heir holds one; "
        "the party carries the sixth secret that could mend it.",
        world_description="Green hills and walled river towns, linked by the King's Road and watched by "
        "ruined beacon towers. Each March answers to a different heir; the roads between them belong to "
        "bandits, deserters and the things that crept back when the beacons went dark.",
        rules=(
            "Inspiration is awarded for acting on a bond, not only for good roleplay.",
            "Resting in a beacon tower that the party has relit counts as a long rest in safety.",
            "Critical hits deal maximum damage for the first set of dice, rolled damage for the second.",
        ),
    ),
    BuiltinTemplate(
        slug="ashen-vale",
        name="Ashen Vale",
        setting="A valley under a grey sky, nine years after the volcano woke",
        tone="gritty",
        description="Food is scarce, water is bought, and every village keeps its own watch. The party are "
        "hired blades who decide which of the vale's desperate factions survives the winter.",
        world_description="Ash drifts like snow over terraced fields gone to scrub. The free town of "
        "Cinderford trades filtered water for iron; the Lantern Monks guard the last clean spring; "
        "raiders from the burned uplands come down when the wind turns.",
        rules=(
            "A long rest needs a safe shelter and a day's rations per character; "
            "otherwise it is a short rest.",
            "Ammunition and rations are tracked; the GM may call for a supply roll at each journey.",
            "Death saving throws are rolled in secret by the GM.",
        ),
    ),
    BuiltinTemplate(
        slug="fogbound-harbor",
        name="Fogbound Harbor",
        setting="Greywater, a port city where the fog never fully lifts",
        tone="mystery",
        description="Ships arrive with empty crews and full holds. The party are investigators for the "
        "Harbor Watch, sworn to find out what walks the docks at the turn of the tide.",
        world_description="Narrow lanes climb from the wharves to the lamplit Upper Ward. Smuggler guilds, "
        "a reclusive lighthouse order and a merchant council all hide something; the fog itself seems "
        "to listen.",
        rules=(
            "Clues are never hidden behind a single failed check: a failure costs time, not the clue.",
            "Each session ends with the party writing down their current theory of the mystery.",
            "Fear: a creature that fails a Wisdom save against a horror gains a point of exhaustion, "
            "once a day.",
        ),
    ),
)


async def seed_templates(db: Database) -> None:
    """Insert or update the built-in templates; guilds' own campaigns are never touched."""
    async with db.transaction() as session:
        existing = {
            c.id: c for c in await session.scalars(select(Campaign).where(Campaign.guild_id.is_(None)))
        }
        for template in BUILTIN_TEMPLATES:
            values = {
                "name": template.name,
                "setting": template.setting,
                "tone": template.tone,
                "description": template.description,
                "world_description": template.world_description,
                "homebrew_rules": [HomebrewRule(text=text) for text in template.rules],
                "is_template": True,
                "is_custom": False,
            }
            row = existing.get(template.id)
            if row is None:
                session.add(Campaign(id=template.id, guild_id=None, data=CampaignData(), **values))
            else:
                for column, value in values.items():
                    if getattr(row, column) != value:
                        setattr(row, column, value)

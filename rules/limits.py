"""How long or how large each field may be, defined once.

The command options (``app_commands.Range``), the services' cleaners, the
ORM columns (``String(n)``), the JSON-column schemas and the export file
all read these, so a limit cannot differ between the layers.
"""

# Discord ids (snowflakes) are stored as BigInteger: a signed 64-bit integer.
DISCORD_ID_MAX = 2**63 - 1

# Names of campaigns, characters, NPCs, spells, items: one line each.
NAME = 100
ID = 36  # a UUID string
SHORT = 200  # one entry of a list: a trait, a quest hook

# Campaigns
CAMPAIGN_SETTING = 1000
CAMPAIGN_TONE = 50
CAMPAIGN_DESCRIPTION = 2000
WORLD_DESCRIPTION = 4000
HOUSE_RULE = 1000
HOUSE_RULES = 50  # how many a campaign keeps
QUEST_TITLE = 200
QUEST_DETAILS = 2000
# World state: facts of the campaign's world ("Baron" -> "dead"), some of them GM-only.
WORLD_FACT = 100
WORLD_FACT_VALUE = 500
WORLD_FACTS = 200
PARTY = 100  # characters in a campaign's party roster
# Sessions of play
SESSION_TITLE = 200
SESSION_NOTE = 1000
SESSION_NOTES = 100  # per session
SESSION_SUMMARY = 4000

# NPCs
NPC_DETAIL = 100  # race, occupation, location
PERSONALITY = 1000
GM_NOTES = 4000
NPC_BACKSTORY = 4000
NPC_APPEARANCE = 1000
NPC_VOICE = 500
NPC_TACTICS = 2000
NPC_HOOKS = 50  # quest hooks an NPC keeps
NPC_ITEMS = 200  # inventory entries
IMAGE_URL = 500
SPEECH = 2000  # what /npc say posts, as one Discord message
INTERACTION_SUMMARY = 1000
INTERACTION_OUTCOME = 1000
RELATIONSHIP_CHANGE = 10  # one interaction moves a standing by -10..10
INTERACTION_CONSEQUENCE = 500
DC_MIN, DC_MAX = 1, 30  # a difficulty class to roll against

# Characters
LEVEL_MIN, LEVEL_MAX = 1, 20
HP_MAX = 999

# Dice
DICE_EXPRESSION = 200  # what a member may type
STORED_EXPRESSION = 500  # dice_rolls.expression, room for a sheet roll's added bonus
ROLL_REASON = 200
RECENT_ROLLS = 50  # the most /rolls lists at once

# Homebrew spells
SPELL_LEVEL_MAX = 9
SPELL_DESCRIPTION = 6000  # Discord's own limit for a string option
SPELL_CASTING_TIME = 200
SPELL_RANGE = 100
SPELL_DURATION = 100
SPELL_COMPONENTS = 300  # "V, S, M (a pinch of ...)" as typed
SPELL_MATERIAL = 500
SPELL_HIGHER_LEVELS = 2000
SPELL_CLASSES = 300  # the comma-separated class list as typed
SPELL_DAMAGE_DICE = 50
SPELL_CLASS_NAME = 40
SEARCH_QUERY = 100

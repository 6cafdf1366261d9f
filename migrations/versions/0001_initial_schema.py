"""Initial schema: the seed's five tables plus guild_settings, dice_rolls and bot_state.

The tables are described in docs/architecture.md (Data model).

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 16:59:13.311752+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bot_state',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_bot_state'))
    )
    op.create_table('campaigns',
    sa.Column('guild_id', sa.BigInteger(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('setting', sa.Text(), nullable=False),
    sa.Column('tone', sa.String(length=50), server_default='heroic', nullable=False),
    sa.Column('homebrew_rules', sa.JSON(), server_default=sa.text("'[]'"), nullable=True),
    sa.Column('world_description', sa.Text(), nullable=True),
    sa.Column('world_art', sa.JSON(), nullable=True),
    sa.Column('is_template', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('is_custom', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('template_id', sa.String(length=36), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['campaigns.id'], name=op.f('fk_campaigns_template_id_campaigns'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    op.create_index(op.f('ix_campaigns_guild_id'), 'campaigns', ['guild_id'], unique=False)
    op.create_index('uq_campaigns_guild_id_lower_name', 'campaigns', ['guild_id', sa.text('lower(name)')], unique=True)

    op.create_table('spells',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('school', sa.String(length=20), nullable=False),
    sa.Column('casting_time', sa.String(length=200), nullable=False),
    sa.Column('range', sa.String(length=100), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('duration', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('higher_levels', sa.Text(), nullable=True),
    sa.Column('ritual', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('concentration', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('damage_dice', sa.String(length=50), nullable=True),
    sa.Column('save_type', sa.String(length=3), nullable=True),
    sa.Column('spell_lists', sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('ruleset', sa.String(length=4), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('guild_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("ruleset IN ('2014', '2024')", name=op.f('ck_spells_ruleset')),
    sa.CheckConstraint("save_type IS NULL OR save_type IN ('STR', 'DEX', 'CON', 'INT', 'WIS', 'CHA')", name=op.f('ck_spells_save_type')),
    sa.CheckConstraint('level BETWEEN 0 AND 9', name=op.f('ck_spells_level')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spells'))
    )
    op.create_index(op.f('ix_spells_guild_id'), 'spells', ['guild_id'], unique=False)
    op.create_index(op.f('ix_spells_name'), 'spells', ['name'], unique=False)
    op.create_index('uq_spells_guild_id_ruleset_lower_name', 'spells', ['guild_id', 'ruleset', sa.text('lower(name)')], unique=True)

    op.create_table('characters',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('guild_id', sa.BigInteger(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=False),
    sa.Column('campaign_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_characters_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_characters'))
    )
    op.create_index(op.f('ix_characters_campaign_id'), 'characters', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_characters_guild_id'), 'characters', ['guild_id'], unique=False)
    op.create_index(op.f('ix_characters_owner_id'), 'characters', ['owner_id'], unique=False)
    op.create_index('uq_characters_campaign_id_lower_name', 'characters', ['campaign_id', sa.text('lower(name)')], unique=True)

    op.create_table('guild_settings',
    sa.Column('guild_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('active_campaign_id', sa.String(length=36), nullable=True),
    sa.Column('gm_role_id', sa.BigInteger(), nullable=True),
    sa.Column('ruleset', sa.String(length=4), server_default='2024', nullable=False),
    sa.Column('spell_visibility', sa.String(length=10), server_default='public', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("ruleset IN ('2014', '2024')", name=op.f('ck_guild_settings_ruleset')),
    sa.CheckConstraint("spell_visibility IN ('public', 'private')", name=op.f('ck_guild_settings_spell_visibility')),
    sa.ForeignKeyConstraint(['active_campaign_id'], ['campaigns.id'], name=op.f('fk_guild_settings_active_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('guild_id', name=op.f('pk_guild_settings'))
    )
    op.create_index(op.f('ix_guild_settings_active_campaign_id'), 'guild_settings', ['active_campaign_id'], unique=False)

    op.create_table('npcs',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('race', sa.String(length=100), nullable=True),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('location', sa.String(length=100), nullable=True),
    sa.Column('campaign_id', sa.String(length=36), nullable=False),
    sa.Column('personality', sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=True),
    sa.Column('relationships', sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_npcs_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_npcs'))
    )
    op.create_index(op.f('ix_npcs_campaign_id'), 'npcs', ['campaign_id'], unique=False)
    op.create_index('uq_npcs_campaign_id_lower_name', 'npcs', ['campaign_id', sa.text('lower(name)')], unique=True)

    op.create_table('dice_rolls',
    sa.Column('guild_id', sa.BigInteger(), nullable=False),
    sa.Column('channel_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('character_id', sa.String(length=36), nullable=True),
    sa.Column('expression', sa.String(length=500), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('rolled_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['character_id'], ['characters.id'], name=op.f('fk_dice_rolls_character_id_characters'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dice_rolls'))
    )
    op.create_index(op.f('ix_dice_rolls_character_id'), 'dice_rolls', ['character_id'], unique=False)
    op.create_index('ix_dice_rolls_guild_id_rolled_at', 'dice_rolls', ['guild_id', 'rolled_at'], unique=False)
    op.create_index('ix_dice_rolls_guild_id_user_id_rolled_at', 'dice_rolls', ['guild_id', 'user_id', 'rolled_at'], unique=False)

    op.create_table('npc_interactions',
    sa.Column('npc_id', sa.String(length=36), nullable=False),
    sa.Column('character_id', sa.String(length=36), nullable=True),
    sa.Column('interaction_type', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('relationship_change', sa.Integer(), server_default='0', nullable=False),
    sa.Column('timestamp', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('logged_by', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.CheckConstraint("interaction_type IN ('dialogue', 'combat', 'trade', 'quest', 'social', 'other')", name=op.f('ck_npc_interactions_interaction_type')),
    sa.ForeignKeyConstraint(['character_id'], ['characters.id'], name=op.f('fk_npc_interactions_character_id_characters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['npc_id'], ['npcs.id'], name=op.f('fk_npc_interactions_npc_id_npcs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_npc_interactions'))
    )
    op.create_index(op.f('ix_npc_interactions_character_id'), 'npc_interactions', ['character_id'], unique=False)
    op.create_index(op.f('ix_npc_interactions_npc_id'), 'npc_interactions', ['npc_id'], unique=False)
    op.create_index('ix_npc_interactions_npc_id_timestamp', 'npc_interactions', ['npc_id', 'timestamp'], unique=False)



def downgrade() -> None:
    op.drop_index('ix_npc_interactions_npc_id_timestamp', table_name='npc_interactions')
    op.drop_index(op.f('ix_npc_interactions_npc_id'), table_name='npc_interactions')
    op.drop_index(op.f('ix_npc_interactions_character_id'), table_name='npc_interactions')

    op.drop_table('npc_interactions')
    op.drop_index('ix_dice_rolls_guild_id_user_id_rolled_at', table_name='dice_rolls')
    op.drop_index('ix_dice_rolls_guild_id_rolled_at', table_name='dice_rolls')
    op.drop_index(op.f('ix_dice_rolls_character_id'), table_name='dice_rolls')

    op.drop_table('dice_rolls')
    op.drop_index(op.f('ix_npcs_campaign_id'), table_name='npcs')

    op.drop_table('npcs')
    op.drop_index(op.f('ix_guild_settings_active_campaign_id'), table_name='guild_settings')

    op.drop_table('guild_settings')
    op.drop_index(op.f('ix_characters_owner_id'), table_name='characters')
    op.drop_index(op.f('ix_characters_guild_id'), table_name='characters')
    op.drop_index(op.f('ix_characters_campaign_id'), table_name='characters')

    op.drop_table('characters')
    op.drop_index(op.f('ix_spells_name'), table_name='spells')
    op.drop_index(op.f('ix_spells_guild_id'), table_name='spells')

    op.drop_table('spells')
    op.drop_index(op.f('ix_campaigns_guild_id'), table_name='campaigns')

    op.drop_table('campaigns')
    op.drop_table('bot_state')

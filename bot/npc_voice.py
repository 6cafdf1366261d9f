"""Speaking as an NPC through a channel webhook the bot owns (the embed fallback is in bot/ui)."""

import discord

WEBHOOK_NAME = "Table bot NPCs"


class NPCVoice:
    """Finds or creates one webhook per channel and remembers it."""

    def __init__(self) -> None:
        self._hooks: dict[int, discord.Webhook] = {}

    @staticmethod
    def can_use_webhooks(channel: discord.TextChannel) -> bool:
        return channel.permissions_for(channel.guild.me).manage_webhooks

    async def webhook(self, channel: discord.TextChannel) -> discord.Webhook:
        hook = self._hooks.get(channel.id)
        if hook is None:
            me = channel.guild.me.id
            owned = [
                h for h in await channel.webhooks() if h.user is not None and h.user.id == me and h.token
            ]
            hook = (
                owned[0]
                if owned
                else await channel.create_webhook(name=WEBHOOK_NAME, reason="Speaking as NPCs")
            )
            self._hooks[channel.id] = hook
        return hook

    async def speak(
        self, channel: discord.TextChannel, name: str, text: str, avatar_url: str | None
    ) -> discord.WebhookMessage:
        """Post ``text`` under the NPC's name; a webhook deleted behind our back is made again once."""
        for attempt in (1, 2):
            hook = await self.webhook(channel)
            try:
                return await hook.send(
                    text,
                    username=name[:80],
                    avatar_url=avatar_url or discord.utils.MISSING,
                    allowed_mentions=discord.AllowedMentions.none(),
                    wait=True,
                )
            except discord.NotFound:
                self._hooks.pop(channel.id, None)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

"""Dice notation: parsing and rolling through the d20 library, within Discord's limits."""

"""Combat and a sheet's resources as pure rules: hit points, death saves, rests, slots, initiative."""

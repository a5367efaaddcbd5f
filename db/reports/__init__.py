"""Daily and zero reports, the weekly pack and campaigns."""

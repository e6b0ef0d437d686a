"""What every section uses: delegates, empty states, plain-text HTML helpers, posters, messages, formatting."""

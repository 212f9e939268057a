"""Answer generation: from retrieved passages to a cited answer (extractive or LLM)."""

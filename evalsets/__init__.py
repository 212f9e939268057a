"""Evaluation sets kept with the project (questions with gold quotes; built test libraries)."""

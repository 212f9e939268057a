"""The second, small test library of issue 9: sources, builder and questions."""

"""The desktop advisor: a Qt wizard whose question pages come from the interview YAML."""

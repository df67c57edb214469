"""Loading and validating the YAML knowledge base (questions, facts, rules)."""

from advisor.rules.loader import KnowledgeError, load_knowledge_base

__all__ = ["KnowledgeError", "load_knowledge_base"]

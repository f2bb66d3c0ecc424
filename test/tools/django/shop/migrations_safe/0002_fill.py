from shop.common import Fill as Migration  # noqa: F401

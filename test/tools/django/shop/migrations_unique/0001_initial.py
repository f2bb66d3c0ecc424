from shop.common import Initial as Migration  # noqa: F401

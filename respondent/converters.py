class TokenConverter:
    """Invitation tokens are URL-safe base64; anything else never reaches a view (404)."""

    regex = r"[A-Za-z0-9_-]{20,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

"""The broker connection's security (TLS, SASL), built once from the settings for every Kafka client:
faust/aiokafka in the worker, kafka-python in the tools and the bench, aiokafka's login check."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

from streams.settings import ConfigError, Settings


@dataclass(frozen=True)
class BrokerSecurity:
    """What every client needs to connect: the protocol, a TLS context, SASL credentials."""

    protocol: str  # PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
    ssl_context: ssl.SSLContext | None
    sasl_mechanism: str | None
    sasl_username: str = ""
    sasl_password: str = ""

    @property
    def uses_sasl(self) -> bool:
        """Whether the connection logs in with SASL."""
        return self.sasl_mechanism is not None

    def client_options(self) -> dict[str, Any]:
        """Security options under the names kafka-python and aiokafka share."""
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.ssl_context is not None:
            options["ssl_context"] = self.ssl_context
        if self.uses_sasl:
            options["sasl_mechanism"] = self.sasl_mechanism
            options["sasl_plain_username"] = self.sasl_username
            options["sasl_plain_password"] = self.sasl_password
        return options


def broker_security(settings: Settings) -> BrokerSecurity:
    """The security of ``settings``; unreadable TLS files or password file are a :class:`ConfigError`."""
    proto = settings.security_protocol
    ctx = None
    if proto in ("SSL", "SASL_SSL"):
        try:
            ctx = ssl.create_default_context(cafile=settings.ssl_cafile or None)
            if settings.ssl_certfile:
                ctx.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile or None)
        except OSError as exc:  # ssl.SSLError included
            raise ConfigError(f"cannot load the TLS files (NEWSFEED_SSL_CAFILE/CERTFILE/KEYFILE): {exc}") from None
    if not proto.startswith("SASL"):
        return BrokerSecurity(proto, ctx, None)
    return BrokerSecurity(
        proto, ctx, settings.sasl_mechanism or "PLAIN", settings.sasl_username, settings.sasl_secret()
    )


def kafka_python_config(settings: Settings) -> dict[str, Any]:
    """Bootstrap servers and security options for a kafka-python client (admin, producer, consumer)."""
    return {"bootstrap_servers": settings.bootstrap_servers, **broker_security(settings).client_options()}

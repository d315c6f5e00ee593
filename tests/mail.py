"""A real SMTP server (aiosmtpd) on a free loopback port, collecting what Portico sends."""

import email
import email.policy
import socket
import time

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []
        self.connections = set()  # the client address of each SMTP connection that sent mail

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.connections.add(session.peer)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, inbox

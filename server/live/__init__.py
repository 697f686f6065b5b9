"""The live channel: Socket.IO connect with catch-up, and commands with acknowledgements."""

"""The public REST API (`/api/v1/`): people by session, systems by per-organisation token."""

"""公文公开属性审查. ``create_app`` builds an app; importing the package creates nothing."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping | None = None) -> Flask:
    """Config (a mapping; tests pass theirs) → extensions → blueprints → CLI.

    No migrations, prompts or table creation here: the schema comes from `flask db upgrade`.
    """
    from . import audit, cli, db_events, web
    from . import config as settings
    from .extensions import csrf, db, login_manager, migrate
    from .storage import Store

    app = Flask(
        __name__,
        instance_path=str((config or {}).get("INSTANCE_PATH") or ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "templates" / "static"),
    )
    app.config.update(settings.load(Path(app.instance_path), dict(config or {})))

    db.init_app(app)
    db_events.install(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    app.extensions["store"] = Store(app.config["UPLOAD_DIR"])
    with app.app_context():
        audit.configure(db.engine, settings.audit_key(app.config), app.config["AUDIT_ANCHOR"])

    web.register(app)
    cli.register(app)
    return app

"""Alembic's entry for the store's migrations: always run by `geo.store.schema.migrate` on a
connection it opened (and locked), inside its transaction; never run from the alembic command
line against a URL of its own."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transactional_ddl=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()

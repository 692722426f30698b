"""What gunicorn and `flask --app wsgi` load."""
from review import create_app

app = create_app()

from .app.cli import run

if __name__ == "__main__":  # not when a worker process imports this module (app/parallel.py)
    run()

from celery import shared_task

from conversations import services


@shared_task
def delete_expired_conversations() -> int:
    """Daily (beat): delete the key conversations past the retention period HR has set."""
    return services.delete_expired_conversations()

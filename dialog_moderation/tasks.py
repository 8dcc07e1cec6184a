"""Background work. Tasks take JSON-serialisable arguments so they run on the immediate and the database backend;
mail is sent here so a slow or failing mail server never breaks the request that saved the comment or decision."""

from django_tasks import task


@task()
def notify_moderators() -> int:
    from dialog_moderation.notifications import moderators_notify

    return moderators_notify()


@task()
def send_publication_mails(comment_id: int) -> None:
    from dialog_moderation import notifications

    notifications.send_publication_mails(comment_id=comment_id)


@task()
def send_confirmation_request(comment_id: int) -> None:
    from dialog_moderation import notifications

    notifications.send_confirmation_request(comment_id=comment_id)


@task()
def send_publish_offer(comment_id: int) -> None:
    from dialog_moderation import notifications

    notifications.send_publish_offer(comment_id=comment_id)

package io.taskexec.store;

/**
 * The store is away for now and the same call may succeed later: PostgreSQL unreachable, the disk
 * full, the database busy. Thrown once the store's own bounded retries with backoff are spent.
 * Nothing of the failed call was stored.
 */
public class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, true);
  }
}

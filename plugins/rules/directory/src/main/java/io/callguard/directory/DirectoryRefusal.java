package io.callguard.directory;

/** A request the directory refuses: the API's 404 (an unknown object) or 409 (an id or number already taken). */
final class DirectoryRefusal extends RuntimeException {
    private final boolean notFound;

    private DirectoryRefusal(boolean notFound, String message) {
        super(message, null, false, false);
        this.notFound = notFound;
    }

    static DirectoryRefusal notFound(String message) { return new DirectoryRefusal(true, message); }

    static DirectoryRefusal conflict(String message) { return new DirectoryRefusal(false, message); }

    boolean isNotFound() { return notFound; }
}

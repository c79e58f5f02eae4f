package io.callguard.http;

/** Thrown (or failed with) anywhere in a request's handling to answer with its {@link Problem}. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() { return problem; }
}

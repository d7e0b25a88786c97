package io.confchat.api;

import io.confchat.apicheck.ApiBoundaryContract;

/** The API boundary of confchat-api: see {@link ApiBoundaryContract} and docs/api-compatibility.md. */
class ApiBoundaryTest extends ApiBoundaryContract {
    ApiBoundaryTest() {
        super("confchat-api");
    }
}

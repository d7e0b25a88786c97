package io.confchat.dht;

import io.confchat.apicheck.ApiBoundaryContract;

/** The API boundary of confchat-dht: see {@link ApiBoundaryContract} and docs/api-compatibility.md. */
class ApiBoundaryTest extends ApiBoundaryContract {
    ApiBoundaryTest() {
        super("confchat-dht");
    }
}

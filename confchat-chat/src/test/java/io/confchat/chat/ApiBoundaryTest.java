package io.confchat.chat;

import io.confchat.apicheck.ApiBoundaryContract;

/** The API boundary of confchat-chat: see {@link ApiBoundaryContract} and docs/api-compatibility.md. */
class ApiBoundaryTest extends ApiBoundaryContract {
    ApiBoundaryTest() {
        super("confchat-chat");
    }
}

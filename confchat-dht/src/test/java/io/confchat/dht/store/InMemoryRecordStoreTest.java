package io.confchat.dht.store;

class InMemoryRecordStoreTest extends RecordStoreContractTest {
    @Override
    RecordStore newStore() {
        return new InMemoryRecordStore();
    }
}

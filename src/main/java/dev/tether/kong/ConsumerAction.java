package dev.tether.kong;

/** One change the {@link KongConsumerPlanner} asks for; key values never appear in it. */
sealed interface ConsumerAction {

    String describe();

    record UpsertConsumer(String username, String customId) implements ConsumerAction {
        public String describe() {
            return "set consumer " + username;
        }
    }

    record SetKey(String keyName, String credentialId) implements ConsumerAction {
        public String describe() {
            return "set key-auth key " + keyName;
        }
    }

    record DeleteKey(String credentialId) implements ConsumerAction {
        public String describe() {
            return "delete key-auth credential " + credentialId;
        }
    }

    record JoinGroup(String group) implements ConsumerAction {
        public String describe() {
            return "add to ACL group " + group;
        }
    }

    record LeaveGroup(String group) implements ConsumerAction {
        public String describe() {
            return "remove from ACL group " + group;
        }
    }
}

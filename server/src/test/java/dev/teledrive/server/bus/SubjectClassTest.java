package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SubjectClassTest {

    @Test
    void everySubjectOfTheSchemeHasItsClass() {
        assertEquals(SubjectClass.ALIVE, SubjectClass.of(Subjects.siteAlive("home")));
        assertEquals(SubjectClass.ALIVE, SubjectClass.of(Subjects.hubAlive("hub-1")));
        assertEquals(SubjectClass.RELAY, SubjectClass.of(Subjects.siteToHub("home", "hub-1")));
        assertEquals(SubjectClass.RELAY, SubjectClass.of(Subjects.hubToSite("hub-1", "home")));
        assertEquals(SubjectClass.TELEMETRY, SubjectClass.of(Subjects.telemetry("home", "simulator")));
        assertEquals(SubjectClass.VIDEO, SubjectClass.of(Subjects.video("home", "front", "jpeg")));
    }

    @Test
    void anythingElseIsOther() {
        assertEquals(SubjectClass.OTHER, SubjectClass.of(Subjects.siteState("home")));
        assertEquals(SubjectClass.OTHER, SubjectClass.of("td.site"));
        assertEquals(SubjectClass.OTHER, SubjectClass.of("_INBOX.abc"));
        assertEquals(SubjectClass.OTHER, SubjectClass.of(""));
    }
}

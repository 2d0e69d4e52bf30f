//! The closed vocabulary of relation kinds. Each kind has a snake_case name used in annotation
//! files, a reading for each direction ("brokered" / "brokered by") and a one-line comment that
//! the RDF vocabulary publishes.

use std::fmt;
use std::str::FromStr;

macro_rules! relation_kinds {
    ($( $variant:ident => $name:literal, $reads:literal, $inverse:literal, $comment:literal; )*) => {
        /// A kind of relation between two entities, read as "subject *reads* object".
        ///
        /// ```
        /// use kg::RelationKind;
        /// let kind: RelationKind = "brokered".parse().unwrap();
        /// assert_eq!(kind, RelationKind::Brokered);
        /// assert_eq!(kind.inverse_reading(), "was brokered by");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum RelationKind { $( #[doc = $comment] $variant, )* }

        impl RelationKind {
            /// Every kind, in vocabulary order.
            pub const ALL: &'static [RelationKind] = &[$(RelationKind::$variant),*];

            /// The snake_case name used in annotation files and JSON (`transferred_to`).
            pub fn name(self) -> &'static str {
                match self { $(RelationKind::$variant => $name),* }
            }

            /// How "subject kind object" reads (`went to`).
            pub fn reading(self) -> &'static str {
                match self { $(RelationKind::$variant => $reads),* }
            }

            /// How "object kind⁻¹ subject" reads (`received`).
            pub fn inverse_reading(self) -> &'static str {
                match self { $(RelationKind::$variant => $inverse),* }
            }

            /// One sentence saying what the relation means.
            pub fn comment(self) -> &'static str {
                match self { $(RelationKind::$variant => $comment),* }
            }
        }
    };
}

relation_kinds! {
    PartyTo => "party_to", "is a party to", "has as a party", "The subject is one of the parties of the treaty.";
    Signed => "signed", "signed", "was signed by", "The subject signed or agreed to the treaty.";
    Broke => "broke", "broke", "was broken by", "The subject broke the treaty.";
    Brokered => "brokered", "brokered", "was brokered by", "The subject mediated the treaty between its parties.";
    AgreedAt => "agreed_at", "was agreed at", "agreed", "The treaty or agreement was reached at the event.";
    Concerns => "concerns", "concerns", "is concerned by", "The treaty, agreement or dispute is about the object.";
    Ended => "ended", "ended", "was ended by", "The subject brought the war or event to an end.";
    TransferredTo => "transferred_to", "went to", "received", "The territory passed into the hands of the object (see `under` for the treaty).";
    Acquired => "acquired", "acquired", "was acquired by", "The state gained the territory.";
    DrewBorderThrough => "drew_border_through", "drew a border through", "was divided by a border drawn by", "The treaty drew a border through the territory.";
    DisputedBetween => "disputed_between", "was disputed between", "disputed", "The territory was disputed, the object being one of the disputing parties.";
    Claimed => "claimed", "claims", "is claimed by", "The subject claims the territory (see `under` for what the claim rests on).";
    BelongedTo => "belonged_to", "belonged to", "owned", "The territory belonged to the state.";
    Controlled => "controlled", "controlled", "was controlled by", "The subject controlled the territory.";
    Influenced => "influenced", "had influence over", "was under the influence of", "The subject had influence over the territory.";
    Occupied => "occupied", "occupied", "was occupied by", "The subject occupied the territory.";
    Captured => "captured", "captured", "was captured by", "The subject took the territory by force.";
    MovedInto => "moved_into", "moved into", "was entered by", "The subject moved its forces into the territory.";
    TookPartIn => "took_part_in", "took part in", "had as participant", "The subject took part in the event (see `role`).";
    Joined => "joined", "entered", "was entered by", "The state entered the war.";
    DeclaredWarOn => "declared_war_on", "declared war on", "had war declared on it by", "The subject declared war on the object.";
    Won => "won", "won", "was won by", "The subject won the war.";
    FoughtAgainst => "fought_against", "fought against", "fought against", "The subject fought a war against the object.";
    Opposed => "opposed", "opposed", "was opposed by", "The subject opposed the object.";
    Coveted => "coveted", "coveted", "was coveted by", "The subject wanted the territory or access to it (see `role`).";
    PaidReparationsTo => "paid_reparations_to", "paid reparations to", "received reparations from", "The subject paid reparations to the object.";
    Pressured => "pressured", "pressed", "was pressed by", "The subject put pressure on the object.";
    AlliedWith => "allied_with", "was allied with", "was allied with", "The subject was an ally of the object.";
    WithdrewFrom => "withdrew_from", "withdrew from", "was left by", "The subject withdrew from the territory or event.";
    LocatedIn => "located_in", "is located in", "is the location of", "The event, place or body is located in the territory.";
    FoughtIn => "fought_in", "was fought in", "saw the fighting of", "The war was fought in the territory.";
    LiesBetween => "lies_between", "lies between", "has lying next to it", "The territory lies between the object and another (stated as two relations).";
    PartOf => "part_of", "is part of", "contains", "The subject is a part of the object.";
    LeaderOf => "leader_of", "led", "was led by", "The person led the state or organisation.";
    MemberOf => "member_of", "is a member of", "has as a member", "The subject belongs to the organisation or group.";
    ArmyOf => "army_of", "is the army of", "has as its army", "The army belongs to the state.";
    GovernmentOf => "government_of", "is the government of", "is governed by", "The government governs the state.";
    Visited => "visited", "visited", "was visited by", "The person visited the place.";
    Attended => "attended", "attended", "was attended by", "The person attended the event.";
    HometownOf => "hometown_of", "is the hometown of", "has as hometown", "The place is the person's hometown.";
    BasedIn => "based_in", "is based in", "is the base of", "The person or body is based in the place.";
    ApologisedFor => "apologised_for", "apologised for", "was apologised for by", "The person apologised for the event.";
    AdmittedResponsibility => "admitted_responsibility", "admitted responsibility for", "had responsibility admitted by", "The person admitted that someone (see `role`) was responsible for the event.";
    ResponsibleFor => "responsible_for", "was responsible for", "was the responsibility of", "The subject was responsible for the event.";
    Blamed => "blamed", "blamed", "was blamed by", "The subject blamed the object (see `role` for what).";
    Caused => "caused", "caused", "was caused by", "The subject caused or prompted the object.";
    Followed => "followed", "followed", "was followed by", "The subject came after the object.";
    Targeted => "targeted", "targeted", "was targeted by", "The attack or event was aimed at the object.";
    VictimOf => "victim_of", "fell victim to", "had as victims", "The subject suffered the event.";
    Obstructed => "obstructed", "stood in the way of", "was obstructed by", "The subject hindered the object.";
    Affected => "affected", "affected", "was affected by", "The event affected the object (see `role` for how).";
    SuccessorOf => "successor_of", "is the successor of", "was succeeded by", "The state succeeded the object.";
    AuthorOf => "author_of", "wrote", "was written by", "The person wrote the work.";
}

impl RelationKind {
    /// The reading when the relation is walked forwards (subject to object) or backwards.
    pub fn reading_towards(self, forward: bool) -> &'static str {
        if forward {
            self.reading()
        } else {
            self.inverse_reading()
        }
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RelationKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RelationKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown relation `{s}`; see docs/annotation-format.md for the vocabulary"))
    }
}

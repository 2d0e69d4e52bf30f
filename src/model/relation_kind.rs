//! The closed vocabulary of relation kinds. Each kind has a snake_case name used in annotation
//! files, a reading for each direction ("brokered" / "brokered by"), the entity types its subject
//! and object may have (checked when loading, so that a State is not used as a place) and a
//! one-line comment that the RDF vocabulary publishes.

use std::fmt;
use std::str::FromStr;

use super::EntityType;

macro_rules! relation_kinds {
    ($( $variant:ident => $name:literal, $reads:literal, $inverse:literal,
        [$($subject:ident),+] -> [$($object:ident),+], $comment:literal; )*) => {
        /// A kind of relation between two entities, read as "subject *reads* object".
        ///
        /// ```
        /// use kg::RelationKind;
        /// let kind: RelationKind = "brokered".parse().unwrap();
        /// assert_eq!(kind, RelationKind::Brokered);
        /// assert_eq!(kind.inverse_reading(), "was brokered by");
        /// // The readings the output prints are accepted too.
        /// assert_eq!("was brokered by".parse::<RelationKind>(), Ok(RelationKind::Brokered));
        /// assert_eq!("went to".parse::<RelationKind>(), Ok(RelationKind::TransferredTo));
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

            /// The entity types its subject may have; a type admits its subtypes.
            pub fn subject_types(self) -> &'static [EntityType] {
                match self { $(RelationKind::$variant => &[$(EntityType::$subject),+]),* }
            }

            /// The entity types its object may have; a type admits its subtypes.
            pub fn object_types(self) -> &'static [EntityType] {
                match self { $(RelationKind::$variant => &[$(EntityType::$object),+]),* }
            }

            /// The kind named exactly `name`: a `match` on the names, which the compiler turns
            /// into a switch on the length and bytes (a scan comparing every kind's name took
            /// ~1% of a load's instructions at 100,000 relations, round 29).
            fn by_name_match(name: &str) -> Option<RelationKind> {
                match name { $($name => Some(RelationKind::$variant),)* _ => None }
            }
        }
    };
}

relation_kinds! {
    PartyTo => "party_to", "is a party to", "has as a party", [Agent] -> [Treaty], "The subject is one of the parties of the treaty.";
    Signed => "signed", "signed", "was signed by", [Agent] -> [Treaty], "The subject signed or agreed to the treaty.";
    Broke => "broke", "broke", "was broken by", [Agent] -> [Treaty], "The subject broke the treaty.";
    Brokered => "brokered", "brokered", "was brokered by", [Agent] -> [Treaty], "The subject mediated the treaty between its parties.";
    AgreedAt => "agreed_at", "was agreed at", "agreed", [Treaty] -> [Event], "The treaty or agreement was reached at the event.";
    Concerns => "concerns", "concerns", "is concerned by", [Treaty, Dispute, Conference, Visit] -> [Agent, Territory, Event, Treaty, Work], "The treaty, agreement or dispute is about the object.";
    Ended => "ended", "ended", "was ended by", [Treaty, Event] -> [Event], "The subject brought the war or event to an end.";
    TransferredTo => "transferred_to", "went to", "received", [Territory] -> [State], "The territory passed into the hands of the object (see `under` for the treaty).";
    Acquired => "acquired", "acquired", "was acquired by", [State] -> [Territory], "The state gained the territory.";
    DrewBorderThrough => "drew_border_through", "drew a border through", "was divided by a border drawn by", [Treaty] -> [Territory], "The treaty drew a border through the territory.";
    DisputedBetween => "disputed_between", "was disputed between", "disputed", [Territory] -> [State], "The territory was disputed, the object being one of the disputing parties.";
    Claimed => "claimed", "claims", "is claimed by", [State, Government] -> [Territory], "The subject claims the territory (see `under` for what the claim rests on).";
    BelongedTo => "belonged_to", "belonged to", "owned", [Territory] -> [State], "The territory belonged to the state.";
    Controlled => "controlled", "controlled", "was controlled by", [Agent] -> [Territory], "The subject controlled the territory.";
    Influenced => "influenced", "had influence over", "was under the influence of", [State] -> [Territory], "The subject had influence over the territory.";
    Occupied => "occupied", "occupied", "was occupied by", [State, Army] -> [Territory], "The subject occupied the territory.";
    Captured => "captured", "captured", "was captured by", [State, Army] -> [Territory], "The subject took the territory by force.";
    MovedInto => "moved_into", "moved into", "was moved into by", [State, Army, Alliance] -> [Territory], "The subject moved its forces into the territory.";
    TookPartIn => "took_part_in", "took part in", "had as participant", [Agent] -> [Event], "The subject took part in the event (see `role`).";
    Joined => "joined", "entered", "was entered by", [State] -> [War], "The state entered the war.";
    DeclaredWarOn => "declared_war_on", "declared war on", "had war declared on it by", [State] -> [State], "The subject declared war on the object.";
    Won => "won", "won", "was won by", [State] -> [War], "The subject won the war.";
    FoughtAgainst => "fought_against", "fought against", "fought against", [State] -> [State], "The subject fought a war against the object.";
    Opposed => "opposed", "opposed", "was opposed by", [Agent] -> [Agent, Territory, Event, Treaty, Work], "The subject opposed the object.";
    Coveted => "coveted", "coveted", "was coveted by", [Agent] -> [Territory], "The subject wanted the territory or access to it (see `role`).";
    PaidReparationsTo => "paid_reparations_to", "paid reparations to", "received reparations from", [State] -> [State], "The subject paid reparations to the object.";
    Pressured => "pressured", "pressed", "was pressed by", [State] -> [State], "The subject put pressure on the object.";
    AlliedWith => "allied_with", "was allied with", "was allied with", [Agent] -> [Agent], "The subject was an ally of the object.";
    WithdrewFrom => "withdrew_from", "withdrew from", "was left by", [Agent] -> [Territory, Event], "The subject withdrew from the territory or event.";
    // A State is admitted as a place where the essay names a country as one: "a war rages in
    // Ukraine", "taken to the USSR", "the first head of the Russian Federation to visit Japan".
    // Audited per edge (issue 8): none of these has a narrower place entity the essay names (where
    // it does, the edge uses it: Siberia, the Ukrainian SSR of 1945), and a second node for a
    // country's territory would split one thing into two nodes.
    LocatedIn => "located_in", "is located in", "is the location of", [Agent, Event, Territory] -> [Territory, State], "The event, place or body is located in the territory.";
    FoughtIn => "fought_in", "was fought in", "saw the fighting of", [War] -> [Territory, State], "The war was fought in the territory.";
    LiesBetween => "lies_between", "lies between", "has lying next to it", [Territory] -> [Territory], "The territory lies between the object and another (stated as two relations).";
    PartOf => "part_of", "is part of", "contains", [Territory, Event] -> [Territory, State, Event], "The subject is a part of the object.";
    LeaderOf => "leader_of", "led", "was led by", [Person] -> [State, Organisation], "The person led the state or organisation.";
    MemberOf => "member_of", "is a member of", "has as a member", [Agent] -> [Organisation], "The subject belongs to the organisation or group.";
    ArmyOf => "army_of", "is the army of", "has as its army", [Army] -> [State], "The army belongs to the state.";
    GovernmentOf => "government_of", "is the government of", "is governed by", [Government] -> [State], "The government governs the state.";
    Visited => "visited", "visited", "was visited by", [Person] -> [Territory, State], "The person visited the place.";
    Attended => "attended", "attended", "was attended by", [Person] -> [Event], "The person attended the event.";
    HometownOf => "hometown_of", "is the hometown of", "has as hometown", [Territory] -> [Person], "The place is the person's hometown.";
    BasedIn => "based_in", "is based in", "is the base of", [Agent] -> [Territory], "The person or body is based in the place.";
    ApologisedFor => "apologised_for", "apologised for", "was apologised for by", [Person] -> [Event], "The person apologised for the event.";
    AdmittedResponsibility => "admitted_responsibility", "admitted responsibility for", "had responsibility admitted by", [Person] -> [Event], "The person admitted that someone (see `role`) was responsible for the event.";
    ResponsibleFor => "responsible_for", "was responsible for", "was the responsibility of", [Agent] -> [Event], "The subject was responsible for the event.";
    Blamed => "blamed", "blamed", "was blamed by", [Agent] -> [Agent], "The subject blamed the object (see `role` for what).";
    Caused => "caused", "caused", "was caused by", [Event] -> [Event], "The subject caused or prompted the object.";
    Followed => "followed", "followed", "was followed by", [Event, Treaty] -> [Event, Treaty], "The subject came after the object.";
    Targeted => "targeted", "targeted", "was targeted by", [Event] -> [Territory, Agent], "The attack or event was aimed at the object.";
    VictimOf => "victim_of", "fell victim to", "had as victims", [Agent] -> [Event], "The subject suffered the event.";
    Obstructed => "obstructed", "stood in the way of", "was obstructed by", [Event] -> [Treaty, Event], "The subject hindered the object.";
    Affected => "affected", "affected", "was affected by", [Event] -> [Agent], "The event affected the object (see `role` for how).";
    SuccessorOf => "successor_of", "is the successor of", "was succeeded by", [State] -> [State], "The state succeeded the object.";
    NoPeaceTreatyWith => "no_peace_treaty_with", "has concluded no peace treaty with", "has concluded no peace treaty with", [State] -> [State], "The two states have not concluded a peace treaty with each other (symmetric).";
    AimedAt => "aimed_at", "aimed at", "was the aim of", [Event] -> [Agent, Territory, Event, Treaty, Work], "The intervention or event was undertaken for the object (see `role` for the aim).";
    ShowedNoInterestIn => "showed_no_interest_in", "showed no interest in", "met no interest from", [Agent] -> [Agent, Territory, Event, Treaty, Work], "The subject showed no interest in the object (see `role`).";
    Sought => "sought", "sought", "was sought by", [Agent] -> [Agent, Territory, Event, Treaty, Work], "The subject hoped for or tried to advance the object (see `role`).";
    InTuneWith => "in_tune_with", "was in tune with", "was in tune with", [Agent] -> [Agent], "The subject acted in accord with the object (see `role` for when and how far).";
    Underwent => "underwent", "underwent", "befell", [Agent, Territory] -> [Event], "The event (a collapse, an opening) happened to the subject.";
    LeaderIn => "leader_in", "was one of the leaders of", "had among its leaders", [Person] -> [Organisation], "The person was one of the leaders who make up the group (a G7 leader).";
    Ruled => "ruled", "ruled", "was ruled by", [State, Government] -> [State, Territory], "The dynasty, state or government ruled the country or territory.";
    DrewBorderBetween => "drew_border_between", "drew a border alongside", "was bounded by a border drawn by", [Treaty] -> [Territory], "The treaty drew a border between the object and another territory (stated as one relation for each side).";
    AuthorOf => "author_of", "wrote", "was written by", [Person] -> [Work], "The person wrote the work.";
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

impl RelationKind {
    /// The kind named exactly `name`, without building an error message.
    pub(crate) fn from_name_exact(name: &str) -> Option<RelationKind> {
        RelationKind::by_name_match(name)
    }

    /// The kind with this exact snake_case name, as annotation files must write it.
    pub fn from_name(name: &str) -> Result<RelationKind, String> {
        RelationKind::ALL.iter().copied().find(|k| k.name() == name).ok_or_else(|| {
            let names: Vec<&str> = RelationKind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown relation `{name}`; the relations are: {}", names.join(", "))
        })
    }

    /// Every kind's name with its readings, for error messages:
    /// `party_to ("is a party to" / "has as a party"), ...`.
    pub fn valid_names() -> String {
        RelationKind::ALL
            .iter()
            .map(|k| format!("{} (\"{}\" / \"{}\")", k.name(), k.reading(), k.inverse_reading()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether a subject of type `subject` and an object of type `object` fit the declared types.
    pub fn admits(self, subject: EntityType, object: EntityType) -> bool {
        self.subject_types().iter().any(|t| subject.is_a(*t)) && self.object_types().iter().any(|t| object.is_a(*t))
    }
}

/// Checks a relation's ends against its kind's declared types; the message, when they do not
/// fit, names the relation, the types found and the types allowed.
///
/// ```
/// use kg::{check_relation_types, EntityType, RelationKind};
/// assert!(check_relation_types(RelationKind::TransferredTo, EntityType::Island, EntityType::State).is_none());
/// let why = check_relation_types(RelationKind::Ended, EntityType::Event, EntityType::State).unwrap();
/// assert!(why.contains("`ended`") && why.contains("its object is a State") && why.contains("an Event"), "{why}");
/// ```
pub fn check_relation_types(kind: RelationKind, subject: EntityType, object: EntityType) -> Option<String> {
    let list = |types: &[EntityType]| types.iter().map(|t| t.name()).collect::<Vec<_>>().join(" or ");
    let a = |t: EntityType| if t.name().starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
    let mut wrong = Vec::new();
    if !kind.subject_types().iter().any(|t| subject.is_a(*t)) {
        wrong.push(format!(
            "its subject is {} {subject}, but `{kind}` takes {} {}",
            a(subject),
            a(kind.subject_types()[0]),
            list(kind.subject_types())
        ));
    }
    if !kind.object_types().iter().any(|t| object.is_a(*t)) {
        wrong.push(format!(
            "its object is {} {object}, but `{kind}` takes {} {}",
            a(object),
            a(kind.object_types()[0]),
            list(kind.object_types())
        ));
    }
    if wrong.is_empty() {
        None
    } else {
        Some(format!(
            "relation `{kind}` ({subject} -> {object}) does not fit its declared types: {}; use another relation, or fix the entity's type",
            wrong.join("; ")
        ))
    }
}

/// The form in which a relation option is compared: lower case, `_` and `-` as spaces.
fn readable_key(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl FromStr for RelationKind {
    type Err = String;

    /// Parses a relation kind by its name (`transferred_to`) or by either of its readings as the
    /// output prints them (`went to`, `received`), ignoring case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = readable_key(s);
        RelationKind::ALL
            .iter()
            .copied()
            .find(|k| {
                readable_key(k.name()) == key
                    || readable_key(k.reading()) == key
                    || readable_key(k.inverse_reading()) == key
            })
            .ok_or_else(|| format!("unknown relation `{s}`; the relations are: {}", RelationKind::valid_names()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `match` on the names finds what a scan of every kind's name finds: each name, and
    /// each name cut, lengthened, or with a byte changed (round 29).
    #[test]
    fn the_exact_name_match_finds_what_a_scan_finds() {
        let scan = |name: &str| RelationKind::ALL.iter().copied().find(|k| k.name() == name);
        for kind in RelationKind::ALL {
            let name = kind.name();
            assert_eq!(RelationKind::from_name_exact(name), Some(*kind));
            let mut variants = vec![
                name[..name.len() - 1].to_string(),
                format!("{name}s"),
                format!("_{name}"),
                name.to_uppercase(),
                name.replace('_', " "),
                String::new(),
            ];
            for at in 0..name.len() {
                variants.push(format!("{}x{}", &name[..at], &name[at + 1..]));
            }
            for v in variants {
                assert_eq!(RelationKind::from_name_exact(&v), scan(&v), "{v}");
            }
        }
    }

    #[test]
    fn every_name_and_reading_names_one_kind() {
        let mut seen: std::collections::HashMap<String, RelationKind> = std::collections::HashMap::new();
        for &k in RelationKind::ALL {
            for form in [k.name(), k.reading(), k.inverse_reading()] {
                if let Some(other) = seen.insert(readable_key(form), k) {
                    assert_eq!(other, k, "`{form}` names both {other} and {k}");
                }
            }
        }
    }

    #[test]
    fn a_supertype_admits_its_subtypes() {
        assert!(RelationKind::TransferredTo.admits(EntityType::IslandGroup, EntityType::State));
        assert!(!RelationKind::TransferredTo.admits(EntityType::State, EntityType::State));
        assert!(RelationKind::Concerns.admits(EntityType::Pact, EntityType::Island));
        assert!(!RelationKind::Concerns.admits(EntityType::Intervention, EntityType::Island));
    }
}

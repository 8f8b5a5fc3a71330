package orchestrator.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers the bearer tokens Payara's MP-JWT has verified. Payara verifies the token on every
 * request (it parses the public key, checks the RSA signature, parses the claims): about a quarter
 * of the CPU of a POST, for the token a producer sends again with every request. Asked before
 * Payara's own identity store, this one answers for a token verified in the last {@link #REUSE},
 * never past the token's {@code exp} nor, when {@code mp.jwt.verify.token.age} is set, past that
 * age; otherwise it asks the other stores and keeps a VALID answer. It takes part only for Payara's
 * MP-JWT credential; for any other it answers NOT_VALIDATED, and the server's own stores decide as
 * they would without it.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityStore {
  /**
   * How long a verification is reused: it also bounds how long a token signed by a retired key
   * still passes.
   */
  static final Duration REUSE = Duration.ofSeconds(60);

  static final int CAPACITY = 10_000;
  private static final String PAYARA_CREDENTIAL =
      "fish.payara.microprofile.jwtauth.eesecurity.SignedJWTCredential";

  @Inject @Any Instance<IdentityStore> stores;
  @Inject Clock clock;

  private final TokenCache<CredentialValidationResult> verified = new TokenCache<>(CAPACITY);
  private volatile Method tokenOfCredential;
  private volatile Optional<Duration> tokenAge;

  @Override
  public int priority() {
    return 10; // before the server's stores (100 unless they say otherwise)
  }

  /**
   * Both, as Payara's own store: the server's handler takes the groups of a VALID result only from
   * a store that provides groups.
   */
  @Override
  public Set<ValidationType> validationTypes() {
    return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    String token = token(credential);
    if (token == null) return CredentialValidationResult.NOT_VALIDATED_RESULT;
    Instant now = clock.instant();
    CredentialValidationResult known = verified.get(token, now);
    if (known != null) return known;
    CredentialValidationResult result = askTheOthers(credential);
    if (result.getStatus() != CredentialValidationResult.Status.VALID)
      return CredentialValidationResult.NOT_VALIDATED_RESULT; // they will say it again
    if (result.getCallerPrincipal() instanceof JsonWebToken jwt)
      verified.put(token, result, reusableUntil(jwt, now, tokenAge()), now);
    return result;
  }

  /**
   * The end of reuse: {@link #REUSE} from now, capped by the token's exp and by iat + the token
   * age, if one is set.
   */
  static Instant reusableUntil(JsonWebToken jwt, Instant now, Optional<Duration> age) {
    Instant until = now.plus(REUSE);
    Instant expiry = Instant.ofEpochSecond(jwt.getExpirationTime());
    if (expiry.isBefore(until)) until = expiry;
    if (age.isPresent()) {
      Instant tooOld = Instant.ofEpochSecond(jwt.getIssuedAtTime()).plus(age.get());
      if (tooOld.isBefore(until)) until = tooOld;
    }
    return until;
  }

  /** The other validating stores, in their order, as the server's handler would ask them. */
  private CredentialValidationResult askTheOthers(Credential credential) {
    return stores.stream()
        .filter(store -> !(store instanceof VerifiedTokens))
        .filter(store -> store.validationTypes().contains(ValidationType.VALIDATE))
        .sorted(Comparator.comparingInt(IdentityStore::priority))
        .map(store -> store.validate(credential))
        .filter(result -> result.getStatus() == CredentialValidationResult.Status.VALID)
        .findFirst()
        .orElse(CredentialValidationResult.NOT_VALIDATED_RESULT);
  }

  /**
   * The bearer token of Payara's MP-JWT credential (a Payara class, hence reflection); null for any
   * other credential.
   */
  private String token(Credential credential) {
    if (credential == null || !credential.getClass().getName().equals(PAYARA_CREDENTIAL))
      return null;
    try {
      Method getter = tokenOfCredential;
      if (getter == null || getter.getDeclaringClass() != credential.getClass()) {
        getter = credential.getClass().getMethod("getSignedJWT");
        tokenOfCredential = getter;
      }
      return (String) getter.invoke(credential);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return null; // another Payara version: verify every time, as without this store
    }
  }

  private Optional<Duration> tokenAge() {
    Optional<Duration> age = tokenAge;
    if (age == null) {
      age =
          ConfigProvider.getConfig()
              .getOptionalValue("mp.jwt.verify.token.age", Long.class)
              .map(Duration::ofSeconds);
      tokenAge = age;
    }
    return age;
  }
}

package cn.jixiao.scoring.evaluation;

import static cn.jixiao.scoring.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.scoring.problem.ApiResponses.INVALID;
import static cn.jixiao.scoring.problem.ApiResponses.PROBLEM;
import static cn.jixiao.scoring.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.scoring.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.scoring.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.scoring.evaluation.EvaluationApi.Preview;
import cn.jixiao.scoring.json.StorableDocument;
import cn.jixiao.scoring.problem.ApiException;
import cn.jixiao.scoring.problem.Problem;
import cn.jixiao.scoring.problem.ProblemMappers;
import cn.jixiao.scoring.problem.Text;
import cn.jixiao.scoring.rubric.RubricApi.EvaluateRequest;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricService;
import cn.jixiao.scoring.rubric.RubricVersion;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/rubrics/{code}/versions/{version}/evaluate")
@Tag(name = "Rubrics")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PreviewResource {

    @Inject
    RubricService rubrics;

    @POST
    @Transactional
    @Operation(summary = "Score a filing document", description = "Any authenticated caller (integrators check before they submit). Scores the FilingContent in the body, "
            + "with an optional prior-year FilingContent, under this version (a draft too) and stores nothing. Department totals are summed from finance[].")
    @APIResponse(responseCode = "200", description = "The scores with their explanations", content = @Content(schema = @Schema(implementation = Preview.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such rubric or version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Preview evaluate(@PathParam("code") String code, @PathParam("version") int version, @Valid @NotNull EvaluateRequest request) {
        if (!request.content().isObject()) {
            throw ApiException.invalid("$.content", "not-an-object", Text.of("content 须为填报内容（JSON 对象）", "content must be a FilingContent object"));
        }
        if (request.priorYear() != null && !request.priorYear().isNull() && !request.priorYear().isObject()) {
            throw ApiException.invalid("$.priorYear", "not-an-object", Text.of("priorYear 须为填报内容（JSON 对象）", "priorYear must be a FilingContent object"));
        }
        StorableDocument.Finding found = StorableDocument.firstUnstorable(request.content(), "$.content");
        if (found == null) {
            found = StorableDocument.firstUnstorable(request.priorYear(), "$.priorYear");
        }
        if (found != null) {
            ApiException.Violation v = ProblemMappers.violation(found);
            throw ApiException.invalid(v.field(), v.code(), v.message());
        }
        // the engine computes and compares formula values at VALUE_SCALE places: beyond them a rate
        // of 94.99999999999 would round to 95 and earn the band above (a filing carries two places)
        String tooPrecise = StorableDocument.firstBeyondPlaces(request.content(), "$.content", ScoringEngine.VALUE_SCALE);
        if (tooPrecise == null) {
            tooPrecise = StorableDocument.firstBeyondPlaces(request.priorYear(), "$.priorYear", ScoringEngine.VALUE_SCALE);
        }
        if (tooPrecise != null) {
            throw ApiException.invalid(tooPrecise, "too-precise", Text.of("数值最多 " + ScoringEngine.VALUE_SCALE + " 位小数（评分按此精度计算和比较）",
                    "at most " + ScoringEngine.VALUE_SCALE + " decimal places (scores are computed and compared at that precision)"));
        }
        RubricVersion v = rubrics.get(code, version);
        RubricDefinition def = rubrics.definition(v);
        Optional<FilingData.PriorYear> prior = request.priorYear() == null || request.priorYear().isNull() ? Optional.empty()
                : Optional.of(new FilingData.PriorYear(null, null, null, request.priorYear(), null));
        FilingData data = new FilingData(request.content(), null, () -> prior);
        EvaluationResult r = ScoringEngine.score(def, data);
        return new Preview(v.rubricCode, v.version, v.contentHash, r.totalScore(), EvaluationService.selfTotal(data.content()), r.grade(),
                r.droppedPoints(), r.categories(), r.indicators(), EvaluationService.finance(data.financeTotals()));
    }
}
